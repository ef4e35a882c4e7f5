import { describeTransientFault } from './transient-faults.js';

describeTransientFault(502, 'GitHub answers 502 once (production throttling and retries)');
