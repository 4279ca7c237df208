/** The handshake route: the feature lives in src/ui/handshake-lab. */
export { HandshakeLabPage as default } from '../handshake-lab/handshake-lab-page.tsx'
