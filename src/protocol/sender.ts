/**
 * Which end of a connection sent the bytes. It decides the masking rule (RFC 6455 §5.1) and
 * which permessage-deflate parameters apply (RFC 7692 §7.1); the one such type in the project.
 */
export type Sender = 'client' | 'server'
