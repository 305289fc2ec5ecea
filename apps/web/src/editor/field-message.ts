/**
 * A config problem as the inspector shows it under its field: without the compiler's opening
 * that names the step (`Step "Welcome": `, `The "Send message" step (Email: Hi): `), which the
 * inspector already shows.
 */
export function fieldMessage(message: string): string {
  return message.replace(/^(?:Step "[^"]*"|The "[^"]*" step(?: \(.*?\))?): /, '');
}
