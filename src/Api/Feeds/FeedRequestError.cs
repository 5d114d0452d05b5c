namespace DigitalTwin.Api.Feeds;

/// <summary>Why a client frame or SSE query was refused: a <see cref="FeedErrorCodes"/> code and a readable message.</summary>
internal sealed record FeedRequestError(string Code, string Message);
