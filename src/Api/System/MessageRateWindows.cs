using DigitalTwin.Grains.Diagnostics;

namespace DigitalTwin.Api.System;

/// <summary>Messages per second over the last 10 and 60 seconds.</summary>
internal sealed record MessageRateWindows(MessageRates Last10s, MessageRates Last60s);
