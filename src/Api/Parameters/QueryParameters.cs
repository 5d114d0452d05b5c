using System.Globalization;
using System.Reflection;
using DigitalTwin.Api.Envelope;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace DigitalTwin.Api.Parameters;

/// <summary>
/// The query parameters one endpoint declares, read from its handler's signature the way minimal APIs bind
/// them: simple-typed parameters that are not route values, named by <c>[FromQuery(Name)]</c> when given.
/// It answers both questions the edge asks about a query: which parameter nobody declared (a typo), and which
/// value does not parse, described in words instead of the binder's .NET type names.
/// </summary>
internal sealed class QueryParameters
{
    private readonly Dictionary<string, Type> _declared;

    private QueryParameters(Dictionary<string, Type> declared) => _declared = declared;

    public static QueryParameters Of(MethodInfo handler)
    {
        var declared = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in handler.GetParameters())
        {
            var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
            var explicitQuery = parameter.GetCustomAttribute<FromQueryAttribute>();
            if (explicitQuery is null && (!IsSimple(type) || parameter.GetCustomAttributes().Any(a => a is IFromRouteMetadata or IFromHeaderMetadata or IFromBodyMetadata or IFromServiceMetadata)))
            {
                continue;
            }

            declared[explicitQuery?.Name ?? parameter.Name!] = type;
        }

        return new QueryParameters(declared);
    }

    /// <summary>The message for the first query parameter this endpoint does not read, or null when there is none.</summary>
    public string? FindUnknown(HttpContext context)
    {
        var request = context.Request;
        if (request.Query.Count == 0)
        {
            // Most requests carry no query: nothing to look up, nothing to allocate.
            return null;
        }

        var openPrefixes = context.GetEndpoint()?.Metadata.GetOrderedMetadata<OpenQueryParameters>().Select(o => o.Prefix).ToArray() ?? [];
        foreach (var name in request.Query.Keys)
        {
            var isRouteValue = request.RouteValues.ContainsKey(name);
            if (isRouteValue || !(_declared.ContainsKey(name) || openPrefixes.Any(p => IsOpen(name, p))))
            {
                var known = _declared.Keys.Where(k => !request.RouteValues.ContainsKey(k)).Order(StringComparer.Ordinal).Select(k => $"'{k}'").Concat(openPrefixes.Select(p => $"'{p}<field>'")).ToList();
                var accepted = known.Count == 0 ? "this route takes no query parameters" : $"this route takes {string.Join(", ", known)}";
                return $"unknown query parameter '{ApiErrors.Echo(name)}': {accepted}";
            }
        }

        return null;
    }

    /// <summary>
    /// A name under the prefix, or the prefix's bare stem (<c>metadata</c> for <c>metadata.</c>): the handler reads
    /// that one too, to answer with how to spell the filter.
    /// </summary>
    private static bool IsOpen(string name, string prefix) =>
        name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || name.Equals(prefix.TrimEnd('.'), StringComparison.OrdinalIgnoreCase);

    /// <summary>The message for the first declared parameter whose value does not parse as its type, or null.</summary>
    public string? FindUnparsable(HttpRequest request)
    {
        foreach (var (name, type) in _declared)
        {
            if (request.Query.TryGetValue(name, out var values) && values.ToString() is { Length: > 0 } text && !Parses(type, text))
            {
                return $"'{name}' must be {Describe(type)}, got '{ApiErrors.Echo(text)}'";
            }
        }

        return null;
    }

    private static bool IsSimple(Type type) =>
        type == typeof(string) || type.IsPrimitive || type.IsEnum || type == typeof(decimal) || type == typeof(DateTimeOffset) || type == typeof(DateTime)
        || type == typeof(TimeSpan) || type == typeof(Guid);

    private static bool Parses(Type type, string text) => Type.GetTypeCode(type) switch
    {
        _ when type.IsEnum => Enum.TryParse(type, text, ignoreCase: true, out _),
        TypeCode.Int16 or TypeCode.Int32 or TypeCode.Int64 => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && Fits(type, n),
        TypeCode.Byte or TypeCode.UInt16 or TypeCode.UInt32 or TypeCode.UInt64 => ulong.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var u) && Fits(type, u),
        TypeCode.Single or TypeCode.Double or TypeCode.Decimal => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
        TypeCode.Boolean => bool.TryParse(text, out _),
        TypeCode.DateTime => DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        _ when type == typeof(DateTimeOffset) => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        _ when type == typeof(TimeSpan) => TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out _),
        _ when type == typeof(Guid) => Guid.TryParse(text, out _),
        _ => true,
    };

    private static bool Fits(Type type, long value) => Type.GetTypeCode(type) switch
    {
        TypeCode.Int16 => value is >= short.MinValue and <= short.MaxValue,
        TypeCode.Int32 => value is >= int.MinValue and <= int.MaxValue,
        _ => true,
    };

    private static bool Fits(Type type, ulong value) => Type.GetTypeCode(type) switch
    {
        TypeCode.Byte => value <= byte.MaxValue,
        TypeCode.UInt16 => value <= ushort.MaxValue,
        TypeCode.UInt32 => value <= uint.MaxValue,
        _ => true,
    };

    private static string Describe(Type type) => Type.GetTypeCode(type) switch
    {
        _ when type.IsEnum => $"one of {string.Join(", ", Enum.GetNames(type).Select(n => n.ToLowerInvariant()))}",
        TypeCode.Int16 or TypeCode.Int32 or TypeCode.Int64 or TypeCode.Byte or TypeCode.UInt16 or TypeCode.UInt32 or TypeCode.UInt64 => "a whole number",
        TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number",
        TypeCode.Boolean => "true or false",
        TypeCode.DateTime => "an ISO 8601 time such as 2026-01-01T00:00:00Z",
        _ when type == typeof(DateTimeOffset) => "an ISO 8601 time such as 2026-01-01T00:00:00Z",
        _ when type == typeof(TimeSpan) => "a duration such as 00:05:00",
        _ when type == typeof(Guid) => "a UUID",
        _ => "a valid value",
    };
}
