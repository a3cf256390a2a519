// Figures the way these noisy machines allow: medians with min-max over rounds, and a ratio to a
// baseline measured in the same run (rounds alternate ours and the baseline).
export function quantile(sorted, q) {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}
export const median = (xs) =>
  quantile(
    [...xs].sort((a, b) => a - b),
    0.5,
  );
export const min = (xs) => Math.min(...xs);
export const max = (xs) => Math.max(...xs);

export function fmt(n, digits = 2) {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString('en-US');
  return n.toFixed(digits);
}

/**
 * One row: `figure: ours X, baseline Y, ratio R (min–max)`. `ours` and `base` are per-round values;
 * the ratio is taken per round (ours/base), its median and spread reported.
 */
export function row(figure, ours, base, { unit = '', target, higherIsBetter = false } = {}) {
  const ratios = ours.map((o, i) => o / base[i]);
  const r = median(ratios);
  const verdict =
    target === undefined
      ? ''
      : (higherIsBetter ? r >= target : r <= target)
        ? ' [target met]'
        : ' [target missed]';
  const t = target === undefined ? '' : `, target ${higherIsBetter ? '≥' : '≤'} ${target}×`;
  return `${figure}: ours ${fmt(median(ours))}${unit}, baseline ${fmt(median(base))}${unit}, ratio ${fmt(r)} (${fmt(min(ratios))}–${fmt(max(ratios))})${t}${verdict}`;
}

/** A figure without a baseline of the same kind (e.g. tokens per tool against a budget). */
export function single(figure, value, { unit = '', target, higherIsBetter = false, note = '' } = {}) {
  const verdict =
    target === undefined
      ? ''
      : (higherIsBetter ? value >= target : value <= target)
        ? ' [target met]'
        : ' [target missed]';
  return `${figure}: ours ${fmt(value)}${unit}${target === undefined ? '' : `, target ${higherIsBetter ? '≥' : '≤'} ${target}${unit}`}${note ? `, ${note}` : ''}${verdict}`;
}
