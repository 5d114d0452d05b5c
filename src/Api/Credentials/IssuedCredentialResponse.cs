namespace DigitalTwin.Api.Credentials;

/// <summary>
/// A newly issued credential with its secret, shown this once. The device connects with MQTT username
/// <paramref name="Username"/> (its id) and password <paramref name="Secret"/>.
/// </summary>
internal sealed record IssuedCredentialResponse(string Id, string DeviceId, string Username, string Secret, DateTimeOffset CreatedAt);
