using System.Globalization;
using DigitalTwin.Grains.Interfaces.Twins;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace DigitalTwin.Api.Twins;

/// <summary>
/// The twin's version as HTTP speaks it: the strong entity tag <c>"7"</c> of version 7 in <c>ETag</c>, and
/// <c>If-Match</c> / <c>If-None-Match</c> read into a <see cref="TwinPrecondition"/>. The one parser of
/// these headers: anything but <c>*</c> or a list of such tags is refused rather than guessed at.
/// </summary>
internal static class TwinVersionHeaders
{
    /// <summary>Longer condition headers are refused; 1024 characters hold well over a hundred versions.</summary>
    public const int MaxHeaderLength = 1024;

    /// <summary>The largest version has 19 digits (<see cref="long.MaxValue"/>).</summary>
    private const int MaxVersionDigits = 19;

    public const string Rule = "expected * or a comma-separated list of twin versions as strong entity tags, each a non-negative integer in double quotes (\"7\")";

    public static string ETag(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>Sets <c>ETag</c> on the response to the twin's version.</summary>
    public static void SetETag(HttpResponse response, long version) => response.Headers.ETag = ETag(version);

    /// <summary>
    /// Reads If-Match and If-None-Match; <paramref name="precondition"/> is null when neither is sent. A
    /// read accepts weak tags in If-None-Match (RFC 9110 compares them weakly there, and caches send them);
    /// If-Match compares strongly, where a weak tag could never match, so it is refused as a mistake, and
    /// so is any weak tag on a write.
    /// </summary>
    /// <returns>null, or the message of a 400 naming the header.</returns>
    public static string? TryRead(HttpRequest request, bool isRead, out TwinPrecondition? precondition)
    {
        precondition = null;
        var error = TryParse(HeaderNames.IfMatch, request.Headers.IfMatch, allowWeak: false, out var ifMatch);
        if (error is not null)
        {
            return error;
        }

        error = TryParse(HeaderNames.IfNoneMatch, request.Headers.IfNoneMatch, allowWeak: isRead, out var ifNoneMatch);
        if (error is not null)
        {
            return error;
        }

        if (ifMatch is not null || ifNoneMatch is not null)
        {
            precondition = new TwinPrecondition
            {
                IfMatch = ifMatch?.Versions ?? [],
                IfMatchAny = ifMatch?.Any ?? false,
                IfNoneMatch = ifNoneMatch?.Versions ?? [],
                IfNoneMatchAny = ifNoneMatch?.Any ?? false,
            };
        }

        return null;
    }

    private static string? TryParse(string name, StringValues values, bool allowWeak, out Condition? condition)
    {
        condition = null;
        if (values.Count == 0)
        {
            return null;
        }

        // Several header lines are one comma-separated list (RFC 9110 §5.3).
        var text = values.Count == 1 ? values[0] ?? "" : string.Join(',', values.ToArray());
        if (text.Length > MaxHeaderLength)
        {
            return $"{name} is {text.Length} characters long; at most {MaxHeaderLength} are accepted";
        }

        var elements = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (elements.Length == 0)
        {
            return $"{name} is empty: {Rule}";
        }

        if (elements.Contains("*"))
        {
            if (elements.Length > 1)
            {
                return $"{name}: * stands alone, never in a list with entity tags";
            }

            condition = new Condition(true, []);
            return null;
        }

        var versions = new long[elements.Length];
        for (var i = 0; i < elements.Length; i++)
        {
            var tag = elements[i];
            if (tag.StartsWith("W/", StringComparison.Ordinal))
            {
                if (!allowWeak)
                {
                    return $"{name}: weak entity tag {Shown(tag)} is not accepted here; twin versions compare exactly, send the strong tag {Shown(tag[2..])}";
                }

                tag = tag[2..];
            }

            if (!TryReadVersion(tag, out versions[i]))
            {
                return $"{name}: {Shown(elements[i])} is not a twin version: {Rule}";
            }
        }

        condition = new Condition(false, versions);
        return null;
    }

    /// <summary>
    /// Only the canonical spelling of a version: versions compare as entity tags, so <c>"07"</c> would be a
    /// different tag from <c>"7"</c>, and accepting it as 7 would make a tag the API never issued match.
    /// </summary>
    private static bool TryReadVersion(string tag, out long version)
    {
        version = 0;
        if (tag.Length < 3 || tag[0] != '"' || tag[^1] != '"')
        {
            return false;
        }

        var digits = tag.AsSpan(1, tag.Length - 2);
        if (digits.Length > MaxVersionDigits || (digits.Length > 1 && digits[0] == '0') || digits.ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out version);
    }

    private static string Shown(string value) => value.Length <= 40 ? $"'{value}'" : $"'{value[..40]}...'";

    private sealed record Condition(bool Any, long[] Versions);
}
