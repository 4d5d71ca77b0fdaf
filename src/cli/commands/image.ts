import { type Command, Option } from 'commander';
import { EXIT } from '../exit-codes.js';
import { type CliIO, lines } from '../io.js';
import { stateOptions } from './build.js';
import { table } from './chart.js';

export function registerImage(program: Command, io: CliIO): void {
  const image = program
    .command('image')
    .usage('<from> <to> | list | rm <from> | rm --all')
    .description(
      'live image substitution: deploy every container image matching <from> as <to>, in every release, without editing the state',
    )
    .argument('[from]', 'image to replace: name, name:tag, registry/path/name:tag or name@sha256:…')
    .argument('[to]', 'image to deploy instead')
    .addHelpText(
      'after',
      `
Matching follows image reference rules: postgres:15 also matches
docker.io/library/postgres:15 and index.docker.io/library/postgres:15; a
<from> without tag matches every tag; digests are compared exactly. The
images of containers, init containers and ephemeral containers are replaced
in what every release renders (chart hooks included), so template and diff
show what gets deployed. The state file is not touched; the substitutions are
kept per project (the directory of the -f state file) in
.helmfire/substitutions.json. Adding the same <from> again replaces it.

Examples:
  helmfire image postgres:15 localhost:5000/postgres:my-custom-build
  helmfire image ghcr.io/acme/api localhost:5000/api:dev      every tag of ghcr.io/acme/api
  helmfire image list
  helmfire image list -o json
  helmfire image rm postgres:15
  helmfire image rm --all`,
    )
    .action(async (from: string | undefined, to: string | undefined, _o: unknown, cmd: Command) => {
      if (!from || !to)
        cmd.error(
          from ? `error: missing <to> for image ${from}` : 'error: expected <from> <to>, or one of: list, rm',
          { exitCode: EXIT.usage, code: 'helmfire.usage' },
        );
      const { addImage } = await import('../../api/substitutions.js');
      const r = addImage({ ...stateOptions(cmd, io), from, to });
      lines(
        io,
        `${r.replaced ? 'replaced' : 'added'} image substitution ${r.substitution.from} → ${r.substitution.to}`,
      );
    });

  image
    .command('list')
    .description('the active image substitutions of the project')
    .addOption(
      new Option('-o, --output <format>', 'output format').choices(['table', 'json']).default('table'),
    )
    .action(async (o: { output: 'table' | 'json' }, cmd: Command) => {
      const { listImages } = await import('../../api/substitutions.js');
      const images = listImages(stateOptions(cmd, io));
      if (o.output === 'json') return lines(io, JSON.stringify(images, null, 2));
      if (images.length === 0) return lines(io, 'no image substitutions');
      lines(io, ...table([['FROM', 'TO', 'ADDED'], ...images.map((i) => [i.from, i.to, i.added])]));
    });

  image
    .command('rm')
    .alias('remove')
    .description(
      'remove an image substitution (by its <from>, in any spelling of the same reference) or --all',
    )
    .argument('[from]', 'the substituted image, as `image list` shows it')
    .option('--all', 'remove every image substitution')
    .action(async (from: string | undefined, o: { all?: boolean }, cmd: Command) => {
      if (!from === !o.all)
        cmd.error(
          o.all ? 'error: give either <from> or --all, not both' : 'error: expected <from> or --all',
          {
            exitCode: EXIT.usage,
            code: 'helmfire.usage',
          },
        );
      const { removeImage } = await import('../../api/substitutions.js');
      const base = stateOptions(cmd, io);
      const removed = removeImage(from ? { ...base, from } : { ...base, all: true });
      if (removed.length === 0) return lines(io, 'no image substitutions');
      lines(io, ...removed.map((i) => `removed image substitution ${i.from} → ${i.to}`));
    });
}
