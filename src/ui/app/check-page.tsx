/** The check route: the feature lives in src/ui/check. */
export { CheckPage as default } from '../check/check-page.tsx'
