/** The daily dispatch handler's module, shared by the CDK schedule and the local trigger. */
export const dailyDispatchEntry = 'functions/jobs/daily-dispatch.ts';

/** Every day at 00:15 UTC: the day before is complete, and it is off the hour when schedules pile up. */
export const dailySchedule = { minute: '15', hour: '0' } as const;
