using System.Net;
using System.Security.Claims;
using DigitalTwin.Api.Audit;
using DigitalTwin.Api.Security;
using DigitalTwin.Grains.Audit;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace DigitalTwin.Api.Tests.Audit;

public sealed class AuditEntryOfTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AnAuthenticatedWriteNamesItsCallerRoleRouteTemplateTwinAndAddress()
    {
        var context = Request("POST", "/api/v1/twins/{id}/command", ("id", "t-1"));
        context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "ops-bot"), new Claim(ApiRoles.ClaimType, "operator")], "ApiKey"));

        var entry = RequestOutcomes.EntryOf(context, 202, At);

        Assert.Equal(new AuditEntry(0, At, "ops-bot", "operator", "POST", "/api/v1/twins/{id}/command", "t-1", "10.1.2.3", 202), entry);
    }

    [Fact]
    public void AnAnonymousCallerHasNoRoleAndAnAlertIdNamesItsTwin()
    {
        var entry = RequestOutcomes.EntryOf(Request("POST", "/api/v1/alerts/{alertId}/ack", ("alertId", "dev.a-1:17")), 401, At);

        Assert.Equal(("anonymous", "none", "dev.a-1"), (entry.Actor, entry.Role, entry.TwinId));
    }

    [Fact]
    public void ACreateNamesTheTwinItsLocationPointsAt()
    {
        var context = Request("POST", "/api/v1/twins/");
        context.Response.StatusCode = 201;
        context.Response.Headers.Location = "/api/v1/twins/new-1";

        Assert.Equal("new-1", RequestOutcomes.EntryOf(context, 201, At).TwinId);
    }

    [Theory]
    [InlineData("outcome=maybe", "'outcome' must be one of succeeded, refused, failed")]
    [InlineData("limit=0", "'limit' must be between 1 and 1000")]
    [InlineData("cursor=abc", "'cursor' is not a cursor this API issued (malformed or altered); start again without it")]
    public void BadListingParametersAreRefusedInWords(string query, string expected)
    {
        var parameters = QueryHelpersParse(query);
        var error = AuditQueryReader.TryRead(
            parameters, null, null, null, parameters.TryGetValue("outcome", out var o) ? o.ToString() : null,
            parameters.TryGetValue("limit", out var l) ? int.Parse(l.ToString()) : AuditQuery.DefaultLimit,
            parameters.TryGetValue("cursor", out var c) ? c.ToString() : null, out _);

        Assert.Equal(expected, error);
    }

    [Fact]
    public void AnIssuedCursorReadsBackAndATimeRangeMustBeOrdered()
    {
        Assert.Null(AuditQueryReader.TryRead(QueryHelpersParse(""), null, null, "alice", "refused", 10, AuditCursor.Encode(42), out var query));
        Assert.Equal(new AuditQuery { Actor = "alice", Outcome = AuditOutcome.Refused, Limit = 10, Before = 42 }, query);
        Assert.Equal("'from' must not be after 'to'", AuditQueryReader.TryRead(QueryHelpersParse(""), At, At.AddSeconds(-1), null, null, 10, null, out _));
    }

    private static QueryCollection QueryHelpersParse(string query) => new(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query));

    private static DefaultHttpContext Request(string method, string pattern, params (string Name, string Value)[] values)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Connection.RemoteIpAddress = IPAddress.Parse("10.1.2.3");
        context.SetEndpoint(new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse(pattern), 0, EndpointMetadataCollection.Empty, pattern));
        foreach (var (name, value) in values)
        {
            context.Request.RouteValues[name] = value;
        }

        return context;
    }
}
