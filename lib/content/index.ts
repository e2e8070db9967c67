export type * from "./bundle";
export { CLOZE_PLACEHOLDER } from "./cloze";
export { compileCourse, listCourseDirs, loadAllCourses, type CompileOptions, type CompileResult } from "./compile";
export { formatContentError, formatContentWarning, type ContentError, type ContentErrorCode } from "./errors";
export { checkQuality, isBareCitation, isTrivialDeletion, listItems, MIN_QUOTE_WORDS, type ParagraphCoverage, type QualityReport, type UnitCoverage } from "./quality";
export { GAP_MARKER } from "./essay";
export { memoryContentFs, nodeContentFs, type ContentFs } from "./fs";
export { renderMarkdown } from "./markdown";
