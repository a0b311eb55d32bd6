import { run } from './run.js';

// run() never rejects: it turns every failure into the step's status itself.
void run();
