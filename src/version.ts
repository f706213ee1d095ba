// The tool's version, recorded in every manifest. Kept in step with package.json by a unit test.
export const TOOL_NAME = 'luneo-backup'
export const TOOL_VERSION = '0.1.0'
