using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace DigitalTwin.Grains.Paging;

/// <summary>
/// The one encoding of the opaque <c>cursor</c> that listings hand out (twins, alerts): base64url of a format byte
/// naming the listing, the position's fields and a checksum. A checksum, not a signature: a cursor only positions a
/// listing its holder may read anyway, but an edited cursor, or one of another listing, must fail loudly instead of
/// silently paging from somewhere else.
/// </summary>
public static class OpaqueCursor
{
    /// <summary>Longer than any cursor the listings encode (ids and types are at most 64 characters).</summary>
    public const int MaxEncodedLength = 512;

    /// <summary>Why a cursor was refused when it is not one the API issued for this listing.</summary>
    public const string NotIssued = "is not a cursor this API issued (malformed or altered); start again without it";

    private const int ChecksumLength = 8;

    public static string Encode(byte format, Action<BinaryWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(format);
            write(writer);
        }

        var payload = buffer.ToArray();
        return Base64Url.EncodeToString([.. payload, .. SHA256.HashData(payload).AsSpan(0, ChecksumLength)]);
    }

    /// <summary>
    /// Reads a cursor of <paramref name="format"/> with <paramref name="read"/>, which returns why the position does
    /// not fit the listing (or null); returns why it cannot be used, or null.
    /// </summary>
    public static string? TryDecode<T>(string text, byte format, Func<BinaryReader, (string? Error, T? Value)> read, out T? value)
    {
        value = default;
        if (text.Length is 0 or > MaxEncodedLength)
        {
            return NotIssued;
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            return NotIssued;
        }

        if (bytes.Length <= ChecksumLength)
        {
            return NotIssued;
        }

        var payload = bytes.AsSpan(0, bytes.Length - ChecksumLength);
        if (!SHA256.HashData(payload).AsSpan(0, ChecksumLength).SequenceEqual(bytes.AsSpan(payload.Length)))
        {
            return NotIssued;
        }

        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, 0, payload.Length), Encoding.UTF8);
            if (reader.ReadByte() != format)
            {
                return NotIssued;
            }

            var (error, position) = read(reader);
            if (error is null)
            {
                value = position;
            }

            return error;
        }
        catch (Exception ex) when (ex is EndOfStreamException or FormatException or ArgumentOutOfRangeException)
        {
            // Only a cursor forged with a matching checksum gets here.
            return NotIssued;
        }
    }
}
