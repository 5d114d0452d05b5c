namespace DigitalTwin.Api.Devices;

public sealed record DeviceListResponse(int Count, int Limit, int Offset, IReadOnlyList<DeviceResponse> Devices);
