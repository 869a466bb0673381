using Blazar.Extensions;
using Blazar.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Blazar.Accounts;

internal static class AccountsExtensions
{
    public const string ChatLimit = "chat";
    private const string Either = "CookieOrToken";

    /// <summary>
    /// People on Identity's EF Core stores, the session cookie, passkeys, OpenID Connect when configured and API
    /// tokens, a fallback policy that wants a signed-in person everywhere an endpoint does not say otherwise, quotas
    /// and the sign-in and chat rate limits.
    /// </summary>
    public static IHostApplicationBuilder AddAccounts(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AuthOptions>().Bind(builder.Configuration.GetSection("Blazar:Auth"))
            .Validate(o => string.IsNullOrEmpty(o.AdminEmail) || System.Net.Mail.MailAddress.TryCreate(o.AdminEmail, out _), "Blazar:Auth:AdminEmail is not an email address.")
            .Validate(o => string.IsNullOrEmpty(o.AdminEmail) || o.AdminPassword is { Length: >= 8 }, "Blazar:Auth:AdminPassword needs at least 8 characters when Blazar:Auth:AdminEmail is set.")
            .ValidateOnStart();
        services.AddOptions<QuotaOptions>().Bind(builder.Configuration.GetSection("Blazar:Quotas")).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RateLimitOptions>().Bind(builder.Configuration.GetSection("Blazar:RateLimits")).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PriceOptions>().Configure(o => builder.Configuration.GetSection("Blazar:Prices").Bind(o.Prices))
            .Validate(o => o.Prices.All(p => p.Model.Length > 0 && p.InputPerMillion >= 0 && p.OutputPerMillion >= 0),
                "Blazar:Prices: each entry needs a Model and prices of zero or more (InputPerMillion, OutputPerMillion).")
            .ValidateOnStart();
        services.AddSingleton<People>();
        services.AddSingleton<ApiTokens>();
        services.AddSingleton<Invitations>();
        services.AddSingleton<Quotas>();
        services.AddSingleton<OidcAccounts>();
        builder.AddOidcOptions();
        services.AddHostedService<AdminSeed>();

        // Cookies are protected with keys in the database: any instance of a fleet reads a cookie another wrote.
        services.AddDataProtection().SetApplicationName("Blazar").PersistKeysToDbContext<BlazarDb>();
        services.AddIdentityCore<BlazarUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 8;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                o.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
            })
            .AddSignInManager()
            .AddEntityFrameworkStores<BlazarDb>()
            .AddClaimsPrincipalFactory<AccountClaims>();

        // Passkeys: the relying party is the host the browser asked for; Identity checks the origin against it.
        services.TryAddScoped<IPasskeyHandler<BlazarUser>, PasskeyHandler<BlazarUser>>();

        services.AddAuthentication(Either)
            .AddPolicyScheme(Either, "Cookie or API token", o => o.ForwardDefaultSelector = context =>
                BearerTokenHandler.HasToken(context.Request) ? BearerTokenHandler.Name : IdentityConstants.ApplicationScheme)
            .AddCookie(IdentityConstants.ApplicationScheme, SignInCookie.Configure)
            .AddCookie(IdentityConstants.TwoFactorUserIdScheme, PasskeyCeremony.Configure)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.Name, null)
            .AddOidc(builder.Configuration.GetSection("Blazar:Auth:Oidc").Get<OidcOptions>() ?? new OidcOptions());
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(PeopleApi.AdminPolicy, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin));

        services.AddSingleton(new RateLimits(builder.Configuration.GetSection("Blazar:RateLimits").Get<RateLimitOptions>() ?? new RateLimitOptions()));
        return builder;
    }

    public static IApplicationBuilder UseAccounts(this IApplicationBuilder app) =>
        app.UseAuthentication().UseAuthorization().UseRateLimits();

    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        app.MapAccountApi();
        app.MapPasskeysApi();
        app.MapOidcEndpoints();
        app.MapTokensApi();
        app.MapPeopleApi();
        app.MapInvitationsApi();
        app.MapAccountPages();
        return app;
    }
}
