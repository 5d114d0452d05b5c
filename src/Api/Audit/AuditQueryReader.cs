using DigitalTwin.Api.Envelope;
using DigitalTwin.Grains.Audit;
using DigitalTwin.Grains.Paging;
using Microsoft.AspNetCore.Http;

namespace DigitalTwin.Api.Audit;

/// <summary>Validates the filters and paging of <c>GET /api/v1/audit</c>.</summary>
internal static class AuditQueryReader
{
    public const int MaxActorLength = 256;

    public static string? TryRead(
        IQueryCollection parameters, DateTimeOffset? from, DateTimeOffset? to, string? actor, string? outcome, int limit, string? cursor, out AuditQuery query)
    {
        query = new AuditQuery();
        foreach (var (name, values) in parameters)
        {
            if (values.Count > 1)
            {
                return $"'{ApiErrors.Echo(name)}' may be given only once";
            }
        }

        if (from > to)
        {
            return "'from' must not be after 'to'";
        }

        if (actor is { Length: 0 or > MaxActorLength })
        {
            return $"'actor' must be 1-{MaxActorLength} characters";
        }

        AuditOutcome? wanted = outcome switch
        {
            null => null,
            "succeeded" => AuditOutcome.Succeeded,
            "refused" => AuditOutcome.Refused,
            "failed" => AuditOutcome.Failed,
            _ => (AuditOutcome)(-1),
        };
        if (wanted is { } parsed && !Enum.IsDefined(parsed))
        {
            return "'outcome' must be one of succeeded, refused, failed";
        }

        if (limit is < 1 or > AuditQuery.MaxLimit)
        {
            return $"'limit' must be between 1 and {AuditQuery.MaxLimit}";
        }

        long? before = null;
        if (cursor is not null)
        {
            if (AuditCursor.TryDecode(cursor, out var position) is { } invalid)
            {
                return cursor.Length > OpaqueCursor.MaxEncodedLength ? $"'cursor' is longer than {OpaqueCursor.MaxEncodedLength} characters, so no listing issued it" : $"'cursor' {invalid}";
            }

            before = position;
        }

        query = new AuditQuery { From = from, To = to, Actor = actor, Outcome = wanted, Limit = limit, Before = before };
        return null;
    }
}
