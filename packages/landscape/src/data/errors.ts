/** Bad input data: the message is one line and names the file (and member, line or sample). */
export class DataError extends Error {
  override name = 'DataError';
}
