/** Exit codes of `mlp`: 0 success, 1 unexpected failure, 2 a usage or input error, 130 interrupted (128 + SIGINT). */
export const EXIT_UNEXPECTED = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;
