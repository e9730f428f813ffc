import QRCode from 'qrcode';
import type * as api from '../../aws/api/iam.js';
import { ServiceError } from '../../aws/errors.js';
import type { OperationContext } from '../../aws/protocol/operation-context.js';
import type { MfaDevices, DeviceView } from './mfa-devices.js';
import { entityErrors } from './entity-errors.js';
import { listedUser } from './users-provider.js';
import { account, caller, page, truncation, wholeSeconds as iamDate } from './provider-shapes.js';
import type { Users } from './users.js';

// IAM users' virtual MFA devices, wire <-> domain. Operations whose UserName is optional act on the calling IAM user.

type Implemented =
  | 'CreateVirtualMFADevice'
  | 'EnableMFADevice'
  | 'DeactivateMFADevice'
  | 'DeleteVirtualMFADevice'
  | 'ListMFADevices'
  | 'ListVirtualMFADevices'
  | 'GetMFADevice';

const assignment = ['Assigned', 'Unassigned', 'Any'] as const;

function virtualDevice(d: DeviceView): api.VirtualMFADevice {
  return { SerialNumber: d.serialNumber, ...(d.user ? { User: listedUser(d.user) } : {}), ...(d.enabledAt !== undefined ? { EnableDate: iamDate(d.enabledAt) } : {}) };
}

export class MfaDevicesProvider implements Pick<api.IamApi, Implemented> {
  constructor(
    private readonly devices: MfaDevices,
    private readonly users: Users,
  ) {}

  async CreateVirtualMFADevice(input: api.CreateVirtualMFADeviceRequest, ctx: OperationContext): Promise<api.CreateVirtualMFADeviceResponse> {
    if (input.Tags !== undefined && input.Tags.length > 0) throw new ServiceError('ValidationError', 'Tags on MFA devices are not supported by gatehouse yet.', { status: 400 });
    const created = await this.devices.create(account(ctx), input.VirtualMFADeviceName, input.Path ?? '/', ctx.now.getTime());
    // AWS answers the seed as base32 text and the QR code (the otpauth:// URI) as a PNG, both base64 on the wire
    const png = await QRCode.toBuffer(created.otpauthUri, { type: 'png', margin: 1 });
    return { VirtualMFADevice: { SerialNumber: created.serialNumber, Base32StringSeed: Buffer.from(created.seed, 'ascii'), QRCodePNG: png } };
  }

  async EnableMFADevice(input: api.EnableMFADeviceRequest, ctx: OperationContext): Promise<void> {
    const user = await this.users.named(caller(ctx), input.UserName);
    await this.devices.enable(user, input.SerialNumber, input.AuthenticationCode1, input.AuthenticationCode2, ctx.now.getTime());
  }

  async DeactivateMFADevice(input: api.DeactivateMFADeviceRequest, ctx: OperationContext): Promise<void> {
    await this.devices.deactivate(await this.users.named(caller(ctx), input.UserName), input.SerialNumber);
  }

  async DeleteVirtualMFADevice(input: api.DeleteVirtualMFADeviceRequest, ctx: OperationContext): Promise<void> {
    await this.devices.delete(account(ctx), input.SerialNumber);
  }

  async ListMFADevices(input: api.ListMFADevicesRequest, ctx: OperationContext): Promise<api.ListMFADevicesResponse> {
    const user = await this.users.named(caller(ctx), input.UserName);
    const p = await this.devices.ofUser(user, page(input));
    return { MFADevices: p.items.map((d) => ({ UserName: user.name, SerialNumber: d.serialNumber, EnableDate: iamDate(d.enabledAt ?? 0) })), ...truncation(p) };
  }

  async ListVirtualMFADevices(input: api.ListVirtualMFADevicesRequest, ctx: OperationContext): Promise<api.ListVirtualMFADevicesResponse> {
    const status = input.AssignmentStatus ?? 'Any';
    if (!(assignment as readonly string[]).includes(status)) throw entityErrors.notOneOf('assignmentStatus', status, assignment);
    const p = await this.devices.ofAccount(account(ctx), status, page(input));
    return { VirtualMFADevices: p.items.map(virtualDevice), ...truncation(p) };
  }

  async GetMFADevice(input: api.GetMFADeviceRequest, ctx: OperationContext): Promise<api.GetMFADeviceResponse> {
    const d = await this.devices.get(account(ctx), input.SerialNumber);
    if (input.UserName !== undefined && d.user?.name.toLowerCase() !== input.UserName.toLowerCase()) throw entityErrors.noSuchEntity('user', input.UserName);
    return { SerialNumber: d.serialNumber, ...(d.user ? { UserName: d.user.name } : {}), ...(d.enabledAt !== undefined ? { EnableDate: iamDate(d.enabledAt) } : {}) };
  }
}
