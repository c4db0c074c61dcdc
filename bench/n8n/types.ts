export interface BenchRow {
  readonly id: string;            // 'P5', 'P5b', 'P7', 'Memory', 'P6 headers', 'P6 bare 429'
  readonly subject: string;       // e.g. 'WhatsApp Session, concurrency 4' / 'HTTP Request, batching 100/1000 ms'
  readonly messages: number;
  readonly wallSeconds: number;
  readonly achievedPerSecond: number;
  readonly achievedOverLimit: number | null;   // null when there is no limit (P7, Memory)
  readonly responses429: number;
  readonly share429: number;                  // 429 responses / all responses
  readonly lost: number;
  readonly duplicated: number;
  readonly peakRssMb: number | null;          // the n8n process(es), null when not measured
  readonly goal: string;                      // human words, e.g. '>= 0.9 of limit, 0 lost, 0 dup'
  readonly met: boolean | null;               // null when the row is a reference (HTTP Request rows)
}
export interface BenchContext {
  readonly n8nInstallDir: string;   // the pinned n8n install (node_modules root) to run
  readonly packedNodeTarball: string;
  readonly log: (line: string) => void;
}
