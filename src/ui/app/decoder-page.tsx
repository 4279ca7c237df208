/** The decoder route: the feature lives in src/ui/decoder. */
export { DecoderPage as default } from '../decoder/decoder-page.tsx'
