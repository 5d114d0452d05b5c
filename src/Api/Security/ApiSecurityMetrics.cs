using System.Diagnostics.Metrics;

namespace DigitalTwin.Api.Security;

/// <summary>
/// Requests the API refused at its edge: without a valid credential (401), with a role too low (403), over the rate
/// limit (429); and audit entries the audit log had to drop. Published as the <c>DigitalTwin.Api</c> meter and in <c>GET /api/v1/system/metrics</c>.
/// </summary>
public sealed class ApiSecurityMetrics : IDisposable
{
    public const string MeterName = "DigitalTwin.Api";

    private readonly Meter _meter;
    private long _unauthenticated;
    private long _forbidden;
    private long _throttled;
    private long _auditDropped;

    public ApiSecurityMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _meter.CreateObservableCounter("dtn.api.unauthenticated", () => Unauthenticated, unit: "{request}", description: "Requests refused for want of a valid credential (401)");
        _meter.CreateObservableCounter("dtn.api.forbidden", () => Forbidden, unit: "{request}", description: "Requests refused because the caller's role is too low (403)");
        _meter.CreateObservableCounter("dtn.api.throttled", () => Throttled, unit: "{request}", description: "Requests refused over the per-client rate limit (429)");
        _meter.CreateObservableCounter("dtn.api.audit_dropped", () => AuditDropped, unit: "{entry}", description: "Audit entries dropped because the audit log's write queue was full");
    }

    public long Unauthenticated => Interlocked.Read(ref _unauthenticated);

    public long Forbidden => Interlocked.Read(ref _forbidden);

    public long Throttled => Interlocked.Read(ref _throttled);

    public long AuditDropped => Interlocked.Read(ref _auditDropped);

    public void AuditEntryDropped() => Interlocked.Increment(ref _auditDropped);

    public void Refused(int status)
    {
        switch (status)
        {
            case 401:
                Interlocked.Increment(ref _unauthenticated);
                break;
            case 403:
                Interlocked.Increment(ref _forbidden);
                break;
            case 429:
                Interlocked.Increment(ref _throttled);
                break;
        }
    }

    public void Dispose() => _meter.Dispose();
}
