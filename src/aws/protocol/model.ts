// The runtime form of an AWS service model, as generated into src/aws/api/ from botocore's service-2.json.
// Codecs and the validator walk these shapes; nothing here is specific to one service or operation.

export type Protocol = 'json' | 'rest-json' | 'query';

export type TimestampFormat = 'iso8601' | 'unixTimestamp' | 'rfc822';

/** A reference from a structure, list or map to another shape, with the binding traits of that use. */
export interface MemberRef {
  readonly shape: string;
  /** Where a rest-json input or output member travels; absent means the body. */
  readonly location?: 'header' | 'headers' | 'querystring' | 'uri' | 'statusCode';
  /** The wire name: header name, query key, uri label, XML element or query-protocol key. */
  readonly locationName?: string;
  /** awsQuery input key override (ec2-style); rare in our services. */
  readonly queryName?: string;
  readonly flattened?: boolean;
  readonly timestampFormat?: TimestampFormat;
  readonly idempotencyToken?: boolean;
  readonly jsonvalue?: boolean;
  readonly xmlAttribute?: boolean;
}

export interface ErrorTrait {
  /** The wire code, where it differs from the shape name (awsQuery: NoSuchEntityException -> NoSuchEntity). */
  readonly code?: string;
  readonly httpStatusCode: number;
  readonly senderFault?: boolean;
}

export interface StructureShape {
  readonly type: 'structure';
  readonly members: Readonly<Record<string, MemberRef>>;
  readonly required?: readonly string[];
  /** rest-json: the member that is the whole body. */
  readonly payload?: string;
  readonly exception?: boolean;
  readonly error?: ErrorTrait;
  readonly union?: boolean;
  readonly sensitive?: boolean;
  /** A smithy document: any JSON value, passed through untouched (sso-admin ActorPolicyDocument,
   * identitystore AttributeValue). Has no members. */
  readonly document?: boolean;
}

export interface ListShape {
  readonly type: 'list';
  readonly member: MemberRef;
  readonly min?: number;
  readonly max?: number;
  readonly flattened?: boolean;
  readonly sensitive?: boolean;
}

export interface MapShape {
  readonly type: 'map';
  readonly key: MemberRef;
  readonly value: MemberRef;
  readonly min?: number;
  readonly max?: number;
  readonly flattened?: boolean;
  readonly sensitive?: boolean;
}

export interface StringShape {
  readonly type: 'string';
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly enum?: readonly string[];
  readonly sensitive?: boolean;
}

export interface NumberShape {
  readonly type: 'integer' | 'long' | 'float' | 'double';
  readonly min?: number;
  readonly max?: number;
  readonly box?: boolean;
}

export interface BooleanShape {
  readonly type: 'boolean';
  readonly box?: boolean;
}

export interface TimestampShape {
  readonly type: 'timestamp';
  readonly timestampFormat?: TimestampFormat;
}

export interface BlobShape {
  readonly type: 'blob';
  readonly min?: number;
  readonly max?: number;
  readonly sensitive?: boolean;
}

export type Shape =
  | StructureShape
  | ListShape
  | MapShape
  | StringShape
  | NumberShape
  | BooleanShape
  | TimestampShape
  | BlobShape;

export interface OperationModel {
  readonly name: string;
  readonly http: { readonly method: string; readonly requestUri: string; readonly responseCode?: number };
  readonly input?: MemberRef;
  readonly output?: MemberRef & { readonly resultWrapper?: string };
  readonly errors: readonly string[];
  /** 'none' for unsigned operations (sso portal, sso-oidc); absent means SigV4. */
  readonly authtype?: 'none' | 'v4';
}

export interface ServiceMetadata {
  readonly apiVersion: string;
  readonly endpointPrefix: string;
  readonly protocol: Protocol;
  readonly serviceId: string;
  readonly signingName: string;
  readonly targetPrefix?: string;
  readonly jsonVersion?: string;
  readonly xmlNamespace?: string;
  readonly globalEndpoint?: string;
}

export interface ServiceModel {
  readonly metadata: ServiceMetadata;
  readonly operations: Readonly<Record<string, OperationModel>>;
  readonly shapes: Readonly<Record<string, Shape>>;
}
