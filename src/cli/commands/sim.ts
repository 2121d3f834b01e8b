import type { CliCommand } from './index.js';

/** `sonar-migrate sim`: placeholder until the simulator lands (issue 3). */
export const command: CliCommand = {
  name: 'sim',
  register(program, io, done) {
    program
      .command('sim')
      .description('Run the Sonar v1 simulator on 127.0.0.1')
      .action(() => {
        io.stdout.write('simulator not yet built\n');
        done(0);
      });
  },
};
