/**
 * The protocol core's public surface (RFC 6455, RFC 7692): everything outside src/protocol
 * imports from here, and only what is listed here. Modules not named (the frame parser, the
 * message assembler, the inflater, resync) are the core's own workings.
 */

// Findings: violations and notes as values.
export { FINDINGS, defineFindings, finding } from './findings.ts'
export type { ExternalFindingSpec, Finding, FindingCode, FindingSpec, RfcReference, Severity } from './findings.ts'

// Success or a reason, as a value.
export { err, ok } from './result.ts'
export type { Result } from './result.ts'

// Bytes, hex, base64, UTF-8.
export { byteHex, byteView, concatBytes, maskingKeyHex, toHex, utf8Decode, utf8Encode } from './bytes.ts'
export { BASE64_VALUES, decodeBase64, decodeBase64Values, encodeBase64 } from './base64.ts'
export { isValidUtf8 } from './utf8.ts'
export { PREVIEW_HEX_BYTES, PREVIEW_TEXT_BYTES, clipLine, hexPreview, messagePreview, oneLine, textPreview } from './message-preview.ts'
export type { PreviewedMessage } from './message-preview.ts'

// Framing (RFC 6455 §5).
export { Opcode, isControlOpcode, isReservedOpcode, opcodeLabel, opcodeName } from './opcodes.ts'
export { encodeFrameHeader, headerLengthFor, headerLengthFromSecondByte, minimalLengthBits, writtenPayloadLength } from './frame.ts'
export type { FrameHeader, LengthBits } from './frame.ts'
export { decodeFrameHeader } from './frame-parser.ts'
export type { FrameRecord } from './frame-parser.ts'
export { applyMask, mask } from './mask.ts'
export { annotateFrame, maskSteps } from './annotate.ts'
export type { AnnotateOptions, FieldAnnotation, FrameAnnotation, MaskStep } from './annotate.ts'

// Close frames and codes (RFC 6455 §5.5.1, §7.4).
export { encodeCloseBody, parseCloseBody } from './close-body.ts'
export type { CloseBody } from './close-body.ts'
export { PROTOCOL_CLOSE_CODES, describeCloseCode, isValidWireCloseCode } from './close-codes.ts'
export type { CloseCodeInfo, CloseCodeRange } from './close-codes.ts'

// permessage-deflate (RFC 7692).
export { parseExtensionsHeader } from './extension-header.ts'
export type { ExtensionOffer, ParsedExtensions } from './extension-header.ts'
export { DEFAULT_DEFLATE_PARAMS, PERMESSAGE_DEFLATE, negotiatedDeflate, paramsFor } from './permessage-deflate-params.ts'
export type { DeflateParams, SenderDeflateParams } from './permessage-deflate-params.ts'
export type { Sender } from './sender.ts'
export { MessageDeflater } from './deflater.ts'

// Decoding a byte stream (Sans-I/O) and reporting it.
export { DEFAULT_MAX_FRAGMENTS, DEFAULT_MAX_PAYLOAD, StreamDecoder } from './stream-decoder.ts'
export type { StreamDecoderOptions } from './stream-decoder.ts'
export type { Retained } from './message-assembler.ts'
export type { CountingSink, DecoderEvent, EventSink, FindingEvent, MessageGapEffect, MessageRecord, MessageType } from './decoder-events.ts'
export { DEFAULT_DISPLAY_LIMITS } from './frame-display.ts'
export type { DisplayLimits } from './frame-display.ts'
export { CaptureStatsCollector, captureJson, createCaptureDecoder, decodeCapture, deflateFromExtensions, frameJson } from './decode-report.ts'
export type { CaptureJson, CaptureOptions, CaptureStats, DecodedCapture, ErrorJson, FrameJson, MessageJson } from './decode-report.ts'

// Encoding.
export { MessageEncoder, encodeFrame } from './encoder.ts'
export type { DataOptions, FrameSpec, MessageEncoderOptions, RandomSource } from './encoder.ts'

// The opening handshake (RFC 6455 §4).
export { WEBSOCKET_GUID, acceptSteps, computeAccept, isValidKey } from './accept.ts'
export type { AcceptSteps } from './accept.ts'
export { headerValues, parseHandshake } from './handshake-parse.ts'
export type { HandshakeRequest, HandshakeResponse, ParsedHandshake } from './handshake-parse.ts'
export { checkHandshake } from './handshake-checks.ts'
export type { HandshakeCheck, HandshakeReport } from './handshake-checks.ts'
