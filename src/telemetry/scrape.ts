// What a metrics listener serves: its own file, so the starter and the listener need not import each other.
export interface MetricsScrape {
  contentType: string;
  text(): Promise<string>;
}
