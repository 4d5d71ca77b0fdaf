/** Where the CLI writes: injected so commands are testable without a process. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  readonly color: boolean;
}

export function lines(io: CliIO, ...text: string[]): void {
  io.out(`${text.join('\n')}\n`);
}
