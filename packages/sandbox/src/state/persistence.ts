import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { Logger } from "../options.ts";
import type { StateSnapshot } from "./records.ts";

const DEBOUNCE_MS = 50;

/** Keeps the state in a JSON file: read once at start, written (atomically, debounced) after changes. */
export class Persistence {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly file: string,
    private readonly snapshot: () => StateSnapshot,
    private readonly logger: Logger,
  ) {}

  /** The saved state, or undefined when the file does not exist yet. A file that is not a snapshot throws. */
  load(): StateSnapshot | undefined {
    if (!existsSync(this.file)) return undefined;
    try {
      return JSON.parse(readFileSync(this.file, "utf8")) as StateSnapshot;
    } catch (error) {
      throw new Error(
        `@dashly/sandbox: ${this.file} is not a sandbox snapshot (${(error as Error).message})`,
      );
    }
  }

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.write();
    }, DEBOUNCE_MS);
    this.timer.unref();
  }

  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.write();
  }

  private write(): void {
    try {
      const temporary = `${this.file}.tmp`;
      writeFileSync(temporary, JSON.stringify(this.snapshot()));
      renameSync(temporary, this.file);
    } catch (error) {
      this.logger.error({ file: this.file, error: String(error) }, "the sandbox could not save its state");
    }
  }
}
