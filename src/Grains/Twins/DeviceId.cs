namespace DigitalTwin.Grains.Twins;

/// <summary>The one place that says what a device id is: lowercase <c>[a-z0-9][a-z0-9._-]{0,63}</c>.</summary>
public static class DeviceId
{
    public const int MaxLength = 64;

    public const string Pattern = "^[a-z0-9][a-z0-9._-]{0,63}$";

    /// <summary>The rule as error messages state it.</summary>
    public const string Rule = "1-64 characters, lowercase [a-z0-9._-], starting with a letter or digit";

    public static bool IsValid(ReadOnlySpan<char> id)
    {
        if (id.Length is 0 or > MaxLength || !IsLeading(id[0]))
        {
            return false;
        }

        foreach (var c in id[1..])
        {
            if (!IsLeading(c) && c is not ('.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLeading(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
}
