using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Blazar.Storage;

/// <summary>
/// Times as Unix milliseconds on SQLite, which has no time type: an integer orders and compares in SQL
/// (EF cannot order SQLite's text times), and Blazar's times are UTC at millisecond precision anyway.
/// </summary>
internal sealed class UnixMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.ToUnixTimeMilliseconds(),
    v => DateTimeOffset.FromUnixTimeMilliseconds(v));
