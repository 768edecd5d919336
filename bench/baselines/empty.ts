/** The floor: a handler that does nothing, bundled and started exactly like the functions. */
export const handler = async (): Promise<{ statusCode: number; body: string }> => ({
  statusCode: 200,
  body: '',
});
