/** The success review's pure core (issue 36): the period, and one account's figures for it. */
export * from './period';
export * from './review';
