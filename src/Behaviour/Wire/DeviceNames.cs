namespace DigitalTwin.Behaviour.Wire;

/// <summary>
/// The one place that says what a device id and a device type are, for the platform (<c>DeviceId</c> in Grains
/// forwards here), the network payload and the probe's map file alike.
/// </summary>
public static class DeviceNames
{
    public const int MaxLength = 64;

    /// <summary>A device id: lowercase <c>[a-z0-9][a-z0-9._-]{0,63}</c>.</summary>
    public const string IdPattern = "^[a-z0-9][a-z0-9._-]{0,63}$";

    /// <summary>The id rule as error messages state it.</summary>
    public const string IdRule = "1-64 characters, lowercase [a-z0-9._-], starting with a letter or digit";

    /// <summary>The type rule as error messages state it.</summary>
    public const string TypeRule = "1-64 characters [A-Za-z0-9_.-], starting with a letter or '_'";

    public static bool IsValidId(ReadOnlySpan<char> id)
    {
        if (id.Length is 0 or > MaxLength || !IsIdLeading(id[0]))
        {
            return false;
        }

        foreach (var c in id[1..])
        {
            if (!IsIdLeading(c) && c is not ('.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsValidType(ReadOnlySpan<char> type)
    {
        if (type.Length is 0 or > MaxLength || !(char.IsAsciiLetter(type[0]) || type[0] == '_'))
        {
            return false;
        }

        foreach (var c in type)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsIdLeading(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
}
