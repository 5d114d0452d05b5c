using System.Globalization;
using System.Security.Claims;
using DigitalTwin.Api.Security;
using DigitalTwin.Api.Sessions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DigitalTwin.Api.Tests.Security;

public sealed class SessionTicketsTests
{
    private const string Key = "operator-key-0123456789abcdef-012345678";

    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AKeySessionCarriesTheKeysNameAndRoleForTheConfiguredLifetime()
    {
        var tickets = Tickets(Options("operator"));

        var ticket = tickets.Open(Caller(ApiAuthSchemes.ApiKey, "ops", "operator"), out var refusal);

        Assert.Null(refusal);
        Assert.NotNull(ticket);
        Assert.Equal(("ops", ApiRole.Operator, Now + TimeSpan.FromHours(2)), (ticket.Name, ticket.Role, ticket.ExpiresAt));
        Assert.Equal(ApiAuthSchemes.Session, ticket.Principal.Identity!.AuthenticationType);
        Assert.True(tickets.StillHeld(ticket.Principal));
    }

    [Fact]
    public void AJwtSessionEndsWhenTheTokenExpiresIfThatIsSooner()
    {
        var options = Options("viewer");
        options.Jwt.SigningKeys = [Convert.ToBase64String(new byte[32])];
        var tickets = Tickets(options);
        var jwt = Caller("AuthenticationTypes.Federation", "alice", "admin", ("exp", (Now + TimeSpan.FromMinutes(20)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));

        var ticket = tickets.Open(jwt, out _);

        Assert.Equal(Now + TimeSpan.FromMinutes(20), ticket!.ExpiresAt);
        Assert.Equal(ApiRole.Admin, ticket.Role);
        Assert.True(tickets.StillHeld(ticket.Principal));
    }

    [Fact]
    public void ASessionCannotOpenAnotherSession()
    {
        var tickets = Tickets(Options("operator"));
        var session = tickets.Open(Caller(ApiAuthSchemes.ApiKey, "ops", "operator"), out _)!;

        Assert.Null(tickets.Open(session.Principal, out var refusal));
        Assert.Contains("not with the session cookie", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void ACallerWithoutANameOrRoleGetsNoSession()
    {
        var tickets = Tickets(Options("operator"));

        Assert.Null(tickets.Open(Caller(ApiAuthSchemes.ApiKey, "ops", role: null), out var refusal));
        Assert.NotNull(refusal);
    }

    [Theory]
    [InlineData("ops", "viewer", false)]
    [InlineData("ops", "operator", true)]
    [InlineData("ops", "admin", true)]
    [InlineData("someone-else", "operator", false)]
    public void AKeySessionHoldsOnlyWhileAKeyOfItsNameGrantsItsRole(string configuredName, string configuredRole, bool held)
    {
        var session = Tickets(Options("operator")).Open(Caller(ApiAuthSchemes.ApiKey, "ops", "operator"), out _)!;

        // Another silo, or this one restarted, with the key's role changed or the key gone.
        var changed = Options(configuredRole);
        changed.ApiKeys[0].Name = configuredName;

        Assert.Equal(held, Tickets(changed).StillHeld(session.Principal));
    }

    [Fact]
    public void AKeySessionEndsWhenItsKeyIsReplacedByAnotherOfTheSameName()
    {
        var session = Tickets(Options("operator")).Open(Caller(ApiAuthSchemes.ApiKey, "ops", "operator"), out _)!;

        // A leaked key rotated: the same name and role, another key.
        var rotated = Options("operator");
        rotated.ApiKeys[0].Key = "operator-key-rotated-0123456789abcdef-0123";

        Assert.False(Tickets(rotated).StillHeld(session.Principal));
        Assert.True(Tickets(Options("operator")).StillHeld(session.Principal));
    }

    [Fact]
    public void AJwtPastItsExpiryWithinTheClockSkewOpensNoSession()
    {
        var options = Options("viewer");
        options.Jwt.SigningKeys = [Convert.ToBase64String(new byte[32])];
        var expired = Caller("AuthenticationTypes.Federation", "alice", "viewer", ("exp", (Now - TimeSpan.FromSeconds(10)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));

        Assert.Null(Tickets(options).Open(expired, out var refusal));
        Assert.Contains("expired", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void AJwtSessionEndsWhenJwtIsNoLongerConfigured()
    {
        var options = Options("viewer");
        options.Jwt.SigningKeys = [Convert.ToBase64String(new byte[32])];
        var session = Tickets(options).Open(Caller("AuthenticationTypes.Federation", "alice", "viewer"), out _)!;

        Assert.False(Tickets(Options("viewer")).StillHeld(session.Principal));
    }

    private static SessionTickets Tickets(ApiAuthOptions options) =>
        new(new ApiKeyRing(options), Microsoft.Extensions.Options.Options.Create(options), new FakeTimeProvider(Now));

    private static ApiAuthOptions Options(string role) => new()
    {
        ApiKeys = [new ApiKeyOptions { Name = "ops", Key = Key, Role = role }],
        Session = new ApiSessionOptions { Lifetime = TimeSpan.FromHours(2) },
    };

    /// <summary>A caller as its scheme authenticates it; a key caller carries the fingerprint of <see cref="Key"/>.</summary>
    private static ClaimsPrincipal Caller(string scheme, string name, string? role, params (string Type, string Value)[] extra)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, name) };
        if (scheme == ApiAuthSchemes.ApiKey)
        {
            claims.Add(new Claim(ApiKeyHandler.KeyFingerprintClaim, new ApiKeyRing(Options("viewer")).Find(Key)!.Fingerprint));
        }

        if (role is not null)
        {
            claims.Add(new Claim(ApiRoles.ClaimType, role));
        }

        claims.AddRange(extra.Select(c => new Claim(c.Type, c.Value)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ApiRoles.ClaimType));
    }
}
