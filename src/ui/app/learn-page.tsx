/** The learn route: the feature lives in src/ui/learn. */
export { LearnPage as default } from '../learn/learn-page.tsx'
