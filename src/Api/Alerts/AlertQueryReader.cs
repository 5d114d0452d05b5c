using DigitalTwin.Api.Envelope;
using DigitalTwin.Api.Twins;
using DigitalTwin.Detection.Scoring;
using DigitalTwin.Grains.Detection;
using DigitalTwin.Grains.Interfaces.Alerts;
using DigitalTwin.Grains.Paging;
using DigitalTwin.Grains.Twins;
using Microsoft.AspNetCore.Http;

namespace DigitalTwin.Api.Alerts;

/// <summary>Validates the filter and paging parameters of alert listings (the index's and a twin's own).</summary>
internal static class AlertQueryReader
{
    public static string TypeRule => $"one of {string.Join(", ", SuspectedBehaviour.All)}";

    public static string? TryRead(
        IQueryCollection parameters, string? twinId, string? type, string? severity, string? status, bool? acknowledged,
        DateTimeOffset? from, DateTimeOffset? to, int limit, string? cursor, out AlertQuery query)
    {
        query = new AlertQuery();
        foreach (var (name, values) in parameters)
        {
            // Bound parameters would see "a,b" for a repeated one.
            if (values.Count > 1)
            {
                return $"'{ApiErrors.Echo(name)}' may be given only once";
            }
        }

        if (twinId is not null && !DeviceId.IsValid(twinId))
        {
            return $"'twin_id' must be a twin id: {DeviceId.Rule}";
        }

        if (TryReadFilters(type, severity, status, limit, out var alertType, out var alertSeverity, out var alertStatus) is { } error)
        {
            return error;
        }

        if (from is { } start && to is { } end && start > end)
        {
            return "'from' must not be after 'to'";
        }

        if (cursor is not null && AlertCursor.TryDecode(cursor, out _) is { } invalid)
        {
            return cursor.Length > OpaqueCursor.MaxEncodedLength
                ? $"'cursor' is longer than {OpaqueCursor.MaxEncodedLength} characters, so no listing issued it"
                : $"'cursor' {invalid}";
        }

        query = new AlertQuery
        {
            TwinId = twinId,
            Type = alertType,
            Severity = alertSeverity,
            Status = alertStatus,
            Acknowledged = acknowledged,
            From = from,
            To = to,
            Limit = limit,
            Cursor = cursor,
        };
        return null;
    }

    /// <summary>The filters a twin's own alert list shares with the index's.</summary>
    public static string? TryReadFilters(
        string? type, string? severity, string? status, int limit, out string? alertType, out AlertSeverity? alertSeverity, out AlertStatus? alertStatus)
    {
        alertType = null;
        alertSeverity = null;
        alertStatus = null;
        if (limit is < 1 or > AlertQuery.MaxLimit)
        {
            return $"'limit' must be between 1 and {AlertQuery.MaxLimit}";
        }

        if (type is not null)
        {
            var index = SuspectedBehaviour.IndexOf(type);
            if (index < 0)
            {
                return $"'type' must be {TypeRule}, got '{ApiErrors.Echo(type)}'";
            }

            alertType = SuspectedBehaviour.All[index];
        }

        if (severity is not null)
        {
            if (!TwinQueryReader.TryParseName(severity, out AlertSeverity parsed))
            {
                return $"'severity' must be warning or critical, got '{ApiErrors.Echo(severity)}'";
            }

            alertSeverity = parsed;
        }

        if (status is not null)
        {
            if (!TwinQueryReader.TryParseName(status, out AlertStatus parsed))
            {
                return $"'status' must be active or cleared, got '{ApiErrors.Echo(status)}'";
            }

            alertStatus = parsed;
        }

        return null;
    }
}
