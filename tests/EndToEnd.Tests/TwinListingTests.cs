using System.Net;
using System.Text.Json;
using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests;

/// <summary>
/// <c>GET /api/v1/twins</c> with metadata filters, sorts and cursor pages against the real silo (in-memory
/// directory), and the clear 400s for every parameter it cannot use.
/// </summary>
[Collection(SiloCollection.Name)]
public sealed class TwinListingTests(SiloFixture fixture)
{
    private readonly SiloProcess _silo = fixture.Silo;

    [Fact]
    public async Task MetadataFiltersMatchTextNumbersAndBooleans()
    {
        var (type, ids) = await CreateTwinsAsync(
            """{"location":"building-1","floor":2,"lit":true}""",
            """{"location":"building-1","floor":"2"}""",
            """{"location":"building-2","floor":3,"lit":false}""",
            """{"location":"O'Brien \"HQ\"; DROP TABLE x; -- ①"}""");

        Assert.Equal([ids[0], ids[1]], await ListedIds($"type={type}&metadata.location=building-1"));
        Assert.Equal([ids[0], ids[1]], await ListedIds($"type={type}&metadata.floor=2"));
        Assert.Equal([ids[0]], await ListedIds($"type={type}&metadata.location=building-1&metadata.lit=true"));
        Assert.Equal([ids[2]], await ListedIds($"type={type}&metadata.lit=false"));
        Assert.Equal([ids[3]], await ListedIds($"type={type}&metadata.location={Uri.EscapeDataString("O'Brien \"HQ\"; DROP TABLE x; -- ①")}"));
        Assert.Empty(await ListedIds($"type={type}&metadata.location=Building-1"));
    }

    [Fact]
    public async Task SortsOrderTheListing()
    {
        var (type, ids) = await CreateTwinsAsync("{}", "{}", "{}");

        Assert.Equal(ids, await ListedIds($"type={type}&sort=id"));
        Assert.Equal(ids.AsEnumerable().Reverse(), await ListedIds($"type={type}&sort=-id"));
        Assert.Equal(ids.AsEnumerable().Reverse(), await ListedIds($"type={type}&sort=-created_at"));
        Assert.Equal(ids, await ListedIds($"type={type}&sort=last_seen"));
    }

    [Fact]
    public async Task CursorPagesWalkEveryTwinOnce()
    {
        var (type, ids) = await CreateTwinsAsync("{}", "{}", "{}", "{}", "{}");

        var walked = new List<string>();
        string? cursor = null;
        do
        {
            var page = await Send($"/api/v1/twins?type={type}&limit=2&sort=-last_updated" + (cursor is null ? "" : $"&cursor={cursor}"));
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Equal(5, page.Data.GetProperty("count").GetInt32());
            walked.AddRange(page.Data.GetProperty("twins").EnumerateArray().Select(t => t.GetProperty("id").GetString()!));
            var next = page.Data.GetProperty("next_cursor");
            cursor = next.ValueKind == JsonValueKind.Null ? null : next.GetString();
        }
        while (cursor is not null);

        Assert.Equal(ids.Order(StringComparer.Ordinal), walked.Order(StringComparer.Ordinal));
        Assert.Equal(5, walked.Count);
    }

    public static TheoryData<string, string> BadListings => new()
    {
        { "sort=name", "'sort'" },
        { "sort=--id", "'sort'" },
        { "sort=Last_Updated", "'sort'" },
        { "sort=id&sort=type", "'sort' may be given only once" },
        { "type=a&type=b", "'type' may be given only once" },
        { "metadata.location=a&metadata.location=b", "'metadata.location' may be given only once" },
        { "cursor=not-a-cursor", "'cursor'" },
        { "cursor=" + new string('A', 600), "'cursor' is longer" },
        { "offset=0&cursor=AAAA", "'cursor' and 'offset'" },
        { "metadata.=x", "does not name a metadata field" },
        { "metadata.1floor=x", "does not name a metadata field" },
        { "metadata.a%20b=x", "does not name a metadata field" },
        { "metadata.x'%3B--=x", "does not name a metadata field" },
        { "metadata.location=" + new string('a', 1025), "longer than 1024" },
        { "metadata.location=a%00b", "U+0000" },
        { "metadata=x", "metadata.<field>" },
        { string.Join('&', Enumerable.Range(0, 17).Select(i => $"metadata.f{i}=x")), "at most 16" },
    };

    [Theory]
    [MemberData(nameof(BadListings))]
    public async Task BadListingParametersAreValidationErrors(string parameters, string message)
    {
        var call = await Send($"/api/v1/twins?{parameters}");

        Assert.True(call.Status == HttpStatusCode.BadRequest, $"{parameters}: {call}");
        Assert.Equal("VALIDATION_ERROR", call.ErrorCode);
        Assert.Contains(message, call.Body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CursorOfAnotherSortOrAlteredIsAValidationError()
    {
        var (type, _) = await CreateTwinsAsync("{}", "{}");
        var first = await Send($"/api/v1/twins?type={type}&limit=1&sort=-last_updated");
        var cursor = first.Data.GetProperty("next_cursor").GetString()!;

        var otherSort = await Send($"/api/v1/twins?type={type}&limit=1&sort=last_updated&cursor={cursor}");
        var altered = await Send($"/api/v1/twins?type={type}&limit=1&sort=-last_updated&cursor={(cursor[0] == 'A' ? 'B' : 'A')}{cursor[1..]}");

        Assert.Equal(HttpStatusCode.BadRequest, otherSort.Status);
        Assert.Contains("'-last_updated'", otherSort.Body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, altered.Status);
        Assert.Equal("VALIDATION_ERROR", altered.ErrorCode);
    }

    [Fact]
    public async Task OpenApiDocumentDescribesTheListingParameters()
    {
        var document = await Send("/openapi/v1.json");

        var parameters = document.Body.GetProperty("paths").GetProperty("/api/v1/twins").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!, p => p);
        foreach (var name in new[] { "type", "status", "lifecycle", "limit", "offset", "sort", "cursor", "metadata.{field}" })
        {
            Assert.True(parameters.ContainsKey(name), $"{name} missing: {string.Join(", ", parameters.Keys)}");
        }

        Assert.Contains("-last_updated", parameters["sort"].GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    /// <summary>Twins of a fresh type, one per metadata object, created in id order; waits until all are listed.</summary>
    private async Task<(string Type, string[] Ids)> CreateTwinsAsync(params string[] metadata)
    {
        var type = "listing_" + Guid.NewGuid().ToString("N")[..8];
        var ids = metadata.Select((_, i) => $"{type.Replace('_', '-')}-{i}").ToArray();
        for (var i = 0; i < ids.Length; i++)
        {
            var created = await ApiCall.SendAsync(_silo.Http, HttpMethod.Post, "/api/v1/twins", $$"""{"id":"{{ids[i]}}","type":"{{type}}","metadata":{{metadata[i]}}}""");
            Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        }

        await Eventually.GetAsync(
            () => Send($"/api/v1/twins?type={type}"),
            c => c.Data.GetProperty("count").GetInt32() == ids.Length,
            what: $"{ids.Length} twins of {type} listed");
        return (type, ids);
    }

    private async Task<string[]> ListedIds(string parameters)
    {
        var call = await Send($"/api/v1/twins?{parameters}");
        Assert.True(call.Status == HttpStatusCode.OK, $"{parameters}: {call}");
        return [.. call.Data.GetProperty("twins").EnumerateArray().Select(t => t.GetProperty("id").GetString()!)];
    }

    private Task<ApiCall> Send(string path) => ApiCall.SendAsync(_silo.Http, HttpMethod.Get, path);
}
