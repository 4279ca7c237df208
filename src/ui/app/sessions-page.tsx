/** The sessions route: the feature lives in src/ui/sessions. */
export { SessionsPage as default } from '../sessions/sessions-page.tsx'
