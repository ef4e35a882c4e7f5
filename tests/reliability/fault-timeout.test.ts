import { describeTransientFault } from './transient-faults.js';

describeTransientFault('timeout', 'GitHub drops the connection once without answering (production throttling and retries)');
