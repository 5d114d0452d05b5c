namespace DigitalTwin.Api.Devices;

internal sealed record DeviceListResponse(int Count, int Limit, int Offset, IReadOnlyList<DeviceResponse> Devices);
