using System.Net.Mail;

namespace Blazar.Accounts;

/// <summary>Field checks shared by the account endpoints.</summary>
internal static class Fields
{
    public const int MaxEmail = 256;
    public const int MaxPassword = 512;
    public const int MaxName = 100;

    public static void Email(Dictionary<string, string[]> errors, string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
            errors["email"] = ["An email address is required."];
        else if (email.Length > MaxEmail || !MailAddress.TryCreate(email.Trim(), out var address) || address.Address != email.Trim())
            errors["email"] = ["This is not an email address."];
    }

    public static void Password(Dictionary<string, string[]> errors, string? password)
    {
        if (string.IsNullOrEmpty(password))
            errors["password"] = ["A password is required."];
        else if (password.Length < 8 || password.Length > MaxPassword)
            errors["password"] = [$"A password has 8 to {MaxPassword} characters."];
    }

    public static void Name(Dictionary<string, string[]> errors, string field, string? name, bool required)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            if (required || name is { Length: > 0 })
                errors[field] = ["A name is required."];
        }
        else if (name.Length > MaxName)
        {
            errors[field] = [$"At most {MaxName} characters."];
        }
    }
}
