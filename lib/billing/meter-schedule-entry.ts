/** The meter dispatch handler's module, shared by the CDK schedule and the local trigger. */
export const meterDispatchEntry = 'functions/jobs/meter-dispatch.ts';

/** Every hour at :05 UTC: the hour before is complete, and it is off the hour when schedules pile up. */
export const meterSchedule = { minute: '5' } as const;
