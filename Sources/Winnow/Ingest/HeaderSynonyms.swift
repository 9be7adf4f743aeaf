/// The built-in header synonyms, keyed by folded header (`TextFold.headerKey`): "E-Mail", "Email Address"
/// and "email_address" all fold to a key below. English first, then the common European and tool-export forms.
enum HeaderSynonyms {
    static let table: [String: CanonicalField] = {
        var table: [String: CanonicalField] = [:]
        func add(_ field: CanonicalField, _ keys: [String]) {
            for key in keys { table[key] = field }
        }
        add(.firstName, ["firstname", "first", "givenname", "forename", "fname", "vorname", "prenom", "nombre", "voornaam", "nome"])
        add(.lastName, ["lastname", "last", "surname", "familyname", "lname", "nachname", "familienname", "nom", "nomdefamille",
                        "apellido", "apellidos", "achternaam", "cognome"])
        add(.email, ["email", "emailaddress", "mail", "mailaddress", "emailadresse", "mailadresse", "courriel", "adressemail",
                     "adresseemail", "correo", "correoelectronico", "businessemail", "workemail", "primaryemail", "emailadres"])
        add(.phone, ["phone", "phonenumber", "telephone", "telephonenumber", "tel", "telefon", "telefonnummer", "mobile",
                     "mobilephone", "mobilenumber", "cell", "cellphone", "businessphone", "workphone", "directphone",
                     "telefono", "telefoon", "handy", "portable"])
        add(.title, ["title", "jobtitle", "position", "role", "jobrole", "funktion", "berufsbezeichnung", "poste", "fonction",
                     "cargo", "functie", "designation"])
        add(.company, ["company", "companyname", "organization", "organisation", "organizationname", "organisationname",
                       "account", "accountname", "firma", "firmenname", "unternehmen", "societe", "entreprise",
                       "raisonsociale", "empresa", "bedrijf", "bedrijfsnaam", "azienda", "employer"])
        add(.website, ["website", "web", "url", "homepage", "webseite", "internetseite", "siteweb", "siteinternet",
                       "sitioweb", "companywebsite", "websiteurl", "companyurl"])
        add(.domain, ["domain", "companydomain", "emaildomain", "domainname", "websitedomain"])
        add(.industry, ["industry", "sector", "branche", "industrie", "secteur", "secteurdactivite", "vertical", "sector",
                        "industria", "sectore", "industrysector"])
        add(.employees, ["employees", "employeecount", "numberofemployees", "noofemployees", "headcount", "mitarbeiter",
                         "mitarbeiterzahl", "anzahlmitarbeiter", "staff", "companysize", "employeesize", "employeerange",
                         "effectif", "effectifs", "empleados", "medewerkers", "dipendenti", "size"])
        add(.revenue, ["revenue", "annualrevenue", "revenueusd", "revenueeur", "umsatz", "jahresumsatz", "turnover",
                       "annualturnover", "sales", "annualsales", "chiffredaffaires", "ca", "ingresos", "facturacion",
                       "omzet", "fatturato"])
        add(.country, ["country", "countryname", "countrycode", "countryregion", "land", "pays", "pais", "paese", "nation"])
        add(.city, ["city", "town", "stadt", "ort", "ville", "ciudad", "localidad", "plaats", "citta", "locality"])
        add(.consent, ["consent", "gdprconsent", "marketingconsent", "optin", "emailoptin", "gdpr", "permission",
                       "marketingpermission", "marketingpermissions", "emailconsent", "newsletteroptin", "newsletter",
                       "einwilligung", "datenschutzeinwilligung", "consentement", "consentimiento", "toestemming",
                       "consenso", "subscribed", "emailmarketingconsent"])
        return table
    }()
}
