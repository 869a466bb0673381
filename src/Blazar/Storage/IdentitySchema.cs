using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Blazar.Storage;

/// <summary>
/// Identity's tables at schema version 3, the one with passkeys (<c>AspNetUserPasskeys</c>). Identity reads the
/// version from the application's services, which pooled and design-time contexts do not have, so they get a
/// provider that says only that.
/// </summary>
internal static class IdentitySchema
{
    private static readonly IServiceProvider Services = new ServiceCollection()
        .Configure<IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySchemaVersions.Version3)
        .BuildServiceProvider();

    public static DbContextOptionsBuilder<T> WithIdentitySchema<T>(this DbContextOptionsBuilder<T> builder) where T : DbContext =>
        builder.UseApplicationServiceProvider(Services);
}
