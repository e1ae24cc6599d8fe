/** Identifiers shared by the prompt language client (extension) and server. */
export const PROMPT_LANGUAGE_ID = 'tracemine-prompt';
