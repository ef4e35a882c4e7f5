import { describeTransientFault } from './transient-faults.js';

describeTransientFault(500, 'GitHub answers 500 once (production throttling and retries)');
