using System.Buffers.Text;
using System.Security.Cryptography;

namespace DigitalTwin.Grains.Credentials;

/// <summary>A new device secret: 32 bytes from the system's cryptographic generator, base64url without padding (43 characters).</summary>
public static class DeviceSecret
{
    public const int Bytes = 32;

    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(Bytes));
}
