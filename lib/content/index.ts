export type * from "./bundle";
export { CLOZE_PLACEHOLDER } from "./cloze";
export { compileCourse, listCourseDirs, loadAllCourses, type CompileResult } from "./compile";
export { formatContentError, type ContentError, type ContentErrorCode } from "./errors";
export { GAP_MARKER } from "./essay";
export { memoryContentFs, nodeContentFs, type ContentFs } from "./fs";
export { renderMarkdown } from "./markdown";
