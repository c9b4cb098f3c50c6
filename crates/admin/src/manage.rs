//! The management commands: each validates with the domain crates' rules and writes through
//! their repository ports, in one transaction where it writes more than once.

use chrono::{NaiveDate, Utc};
use serde_json::json;
use storegister_auth::api_key;
use storegister_company::{ApiKey, Company, CompanyRepository};
use storegister_contact_book::{
    ContactBook, ContactBookRepository, CountryId, ReferenceData, Region, RegionId,
};
use storegister_contract::{
    Contract, ContractRepository, ContractStatus, PaymentPeriod, Property, PropertyRepository,
    SizeUnit, Unit, UnitRepository, parse_size,
};
use storegister_invoice::{Invoice, InvoiceRepository, Money, TransactionType};
use storegister_kernel::{
    CompanyId, ContactId, ContractId, InvoiceId, PropertyId, Transactional, UnitId,
};
use storegister_persistence::Repo;

use crate::cli::{
    ApiKeyCommand, Command, CompanyCommand, ContractCommand, InvoiceCommand, PaymentCommand,
    PropertyCommand, RegionCommand, UnitCommand,
};
use crate::{AdminError, Report, invalid};

/// Runs one management command.
pub fn run(mut repo: Repo, command: Command) -> Result<Report, AdminError> {
    let repo = &mut repo;
    match command {
        Command::Company(CompanyCommand::Create { name, currency }) => {
            let currency = currency.parse().map_err(invalid)?;
            let company = Company::new(&name, currency, now()).map_err(invalid)?;
            repo.insert_company(&company)?;
            Ok(created(
                format!("created company {:?} ({})", company.name, company.currency),
                company.id.to_string(),
                json!({ "id": company.id.to_string(), "name": company.name, "currency": company.currency.code() }),
            ))
        }
        Command::ApiKey(command) => api_keys(repo, command),
        Command::Property(command) => properties(repo, command),
        Command::Unit(command) => units(repo, command),
        Command::Contract(command) => contracts(repo, command),
        Command::Invoice(command) => invoices(repo, command),
        Command::Payment(PaymentCommand::Record {
            company,
            invoice,
            amount,
        }) => {
            let company = find_company(repo, &company.company)?;
            let invoice = find_invoice(repo, company.id, &invoice)?;
            let amount = Money::parse(&amount, company.currency).map_err(invalid)?;
            invoice.check_payment(amount).map_err(invalid)?;
            // the conditional update re-checks the balance, should a payment land in between
            if !repo.record_payment(company.id, invoice.id, amount.minor)? {
                return Err(AdminError::Invalid(
                    "the invoice changed meanwhile; the payment was not recorded".into(),
                ));
            }
            let balance = invoice.balance().minor - amount.minor;
            let balance = Money::from_minor(balance, company.currency);
            Ok(Report::new(
                vec![format!(
                    "recorded {} against {}; balance now {}",
                    amount.formatted(),
                    invoice.transact_id,
                    balance.formatted()
                )],
                json!({ "invoiceId": invoice.id.to_string(), "paid": amount.major(), "balance": balance.major() }),
            ))
        }
        Command::Region(RegionCommand::Import { file }) => import_regions(repo, &file),
        Command::Migrate | Command::Demo(_) => {
            Err(AdminError::Invalid("not a management command".into()))
        }
    }
}

fn now() -> chrono::NaiveDateTime {
    Utc::now().naive_utc()
}

fn created(what: String, id: String, json: serde_json::Value) -> Report {
    Report::new(vec![what, id], json)
}

fn parse_date(text: &str, what: &str) -> Result<NaiveDate, AdminError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        AdminError::Invalid(format!(
            "{what} must be a date like 2026-01-31, not {text:?}"
        ))
    })
}

fn parse_id<T: std::str::FromStr>(text: &str, what: &str) -> Result<T, AdminError> {
    text.parse()
        .map_err(|_| AdminError::Invalid(format!("{text:?} is not a {what} id (a GUID)")))
}

fn find_company(repo: &mut Repo, text: &str) -> Result<Company, AdminError> {
    let id: CompanyId = parse_id(text, "company")?;
    repo.find_company(id)?
        .ok_or_else(|| AdminError::NotFound(format!("no company has the id {id}")))
}

/// A contact of the company by id or e-mail address.
fn find_tenant(repo: &mut Repo, company: CompanyId, text: &str) -> Result<ContactBook, AdminError> {
    let found = match text.parse::<ContactId>() {
        Ok(id) => repo.find_contact(company, id)?,
        Err(_) => repo.find_contact_by_email(company, &text.trim().to_lowercase())?,
    };
    found.ok_or_else(|| AdminError::NotFound(format!("the company has no contact {text:?}")))
}

fn find_invoice(repo: &mut Repo, company: CompanyId, text: &str) -> Result<Invoice, AdminError> {
    let found = match text.parse::<InvoiceId>() {
        Ok(id) => repo.find_invoice(company, id)?,
        Err(_) => repo.find_invoice_by_number(company, text.trim())?,
    };
    found.ok_or_else(|| AdminError::NotFound(format!("the company has no invoice {text:?}")))
}

fn api_keys(repo: &mut Repo, command: ApiKeyCommand) -> Result<Report, AdminError> {
    let view = |key: &ApiKey| {
        json!({
            "id": key.id.to_string(),
            "companyId": key.company_id.to_string(),
            "name": key.name,
            "prefix": key.prefix,
            "createdAt": key.created_at.and_utc().to_rfc3339(),
            "revokedAt": key.revoked_at.map(|at| at.and_utc().to_rfc3339()),
        })
    };
    match command {
        ApiKeyCommand::Create { company, name } => {
            let company: CompanyId = parse_id(&company, "company")?;
            let (key, secret) =
                api_key::create(repo, company, &name, now()).map_err(|e| match e {
                    api_key::CreateKeyError::UnknownCompany(_) => {
                        AdminError::NotFound(e.to_string())
                    }
                    api_key::CreateKeyError::Store(store) => store.into(),
                    other => invalid(other),
                })?;
            let mut json = view(&key);
            json["apiKey"] = json!(secret);
            Ok(Report::new(
                vec![
                    format!(
                        "created API key {:?} ({}) for company {}",
                        key.name, key.prefix, key.company_id
                    ),
                    "store it now: it is shown only this once".into(),
                    secret,
                ],
                json,
            ))
        }
        ApiKeyCommand::List { company } => {
            let company = find_company(repo, &company)?;
            let keys = repo.list_api_keys(company.id)?;
            let mut lines = vec![format!(
                "{:<36}  {:<11}  {:<19}  {:<7}  name",
                "id", "prefix", "created (UTC)", "status"
            )];
            lines.extend(keys.iter().map(|key| {
                format!(
                    "{:<36}  {:<11}  {:<19}  {:<7}  {}",
                    key.id,
                    key.prefix,
                    key.created_at.format("%Y-%m-%d %H:%M:%S"),
                    if key.revoked_at.is_some() {
                        "revoked"
                    } else {
                        "active"
                    },
                    key.name
                )
            }));
            Ok(Report::new(lines, keys.iter().map(view).collect()))
        }
        ApiKeyCommand::Revoke { prefix_or_id } => {
            let found = repo.find_api_keys(&prefix_or_id)?;
            let key = match found.as_slice() {
                [key] => key,
                [] => {
                    return Err(AdminError::NotFound(format!(
                        "no API key has the id or prefix {prefix_or_id:?}"
                    )));
                }
                _ => {
                    return Err(AdminError::Invalid(format!(
                        "{} keys start with {prefix_or_id:?}; give more of the prefix or the id",
                        found.len()
                    )));
                }
            };
            if !repo.revoke_api_key(key.id, now())? {
                return Err(AdminError::Invalid(format!(
                    "the key {} was revoked already",
                    key.prefix
                )));
            }
            Ok(Report::new(
                vec![format!("revoked API key {} ({})", key.prefix, key.id)],
                json!({ "id": key.id.to_string(), "prefix": key.prefix, "revoked": true }),
            ))
        }
    }
}

fn properties(repo: &mut Repo, command: PropertyCommand) -> Result<Report, AdminError> {
    match command {
        PropertyCommand::Create {
            company,
            name,
            address,
            city,
        } => {
            let company = find_company(repo, &company.company)?;
            let trim = |v: Option<String>| v.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
            let property = Property {
                id: PropertyId::new_random(),
                company_id: company.id,
                name: name.trim().to_owned(),
                address: trim(address),
                city: trim(city),
                created_at: now(),
            };
            property.validate().map_err(invalid)?;
            repo.insert_property(&property)?;
            Ok(created(
                format!("created property {:?}", property.name),
                property.id.to_string(),
                json!({ "id": property.id.to_string(), "name": property.name, "address": property.address, "city": property.city }),
            ))
        }
        PropertyCommand::List { company } => {
            let company = find_company(repo, &company.company)?;
            let found = repo.list_properties(company.id)?;
            let lines = found
                .iter()
                .map(|p| format!("{}  {}  {}", p.id, p.name, p.city.as_deref().unwrap_or("")))
                .collect();
            let json = found
                .iter()
                .map(|p| json!({ "id": p.id.to_string(), "name": p.name, "address": p.address, "city": p.city }))
                .collect();
            Ok(Report::new(lines, json))
        }
    }
}

fn unit_json(unit: &Unit) -> serde_json::Value {
    json!({
        "id": unit.id.to_string(),
        "propertyId": unit.property_id.to_string(),
        "unitNumber": unit.unit_number,
        "size": unit.size_hundredths as f64 / 100.0,
        "sizeUnit": unit.size_unit.as_str(),
        "storageType": unit.storage_type,
    })
}

fn units(repo: &mut Repo, command: UnitCommand) -> Result<Report, AdminError> {
    match command {
        UnitCommand::Create {
            company,
            property,
            number,
            size,
            size_unit,
            storage_type,
        } => {
            let company = find_company(repo, &company.company)?;
            let property: PropertyId = parse_id(&property, "property")?;
            if repo.find_property(company.id, property)?.is_none() {
                return Err(AdminError::NotFound(format!(
                    "the company has no property {property}"
                )));
            }
            let unit = Unit {
                id: UnitId::new_random(),
                company_id: company.id,
                property_id: property,
                unit_number: number.trim().to_owned(),
                size_hundredths: parse_size(&size).map_err(invalid)?,
                size_unit: size_unit.parse::<SizeUnit>().map_err(AdminError::Invalid)?,
                storage_type: storage_type.trim().to_owned(),
                created_at: now(),
            };
            unit.validate().map_err(invalid)?;
            repo.insert_unit(&unit)?;
            Ok(created(
                format!("created unit {}", unit.unit_number),
                unit.id.to_string(),
                unit_json(&unit),
            ))
        }
        UnitCommand::List { company, property } => {
            let company = find_company(repo, &company.company)?;
            let property = property
                .map(|p| parse_id::<PropertyId>(&p, "property"))
                .transpose()?;
            let found = repo.list_units(company.id, property)?;
            let lines = found
                .iter()
                .map(|u| {
                    format!(
                        "{}  {}  {} {}  {}",
                        u.id,
                        u.unit_number,
                        u.size_hundredths as f64 / 100.0,
                        u.size_unit,
                        u.storage_type
                    )
                })
                .collect();
            Ok(Report::new(lines, found.iter().map(unit_json).collect()))
        }
    }
}

fn contract_json(contract: &Contract) -> serde_json::Value {
    json!({
        "id": contract.id.to_string(),
        "contractNumber": contract.contract_number,
        "tenantId": contract.contact_id.to_string(),
        "unitId": contract.unit_id.to_string(),
        "status": contract.status.as_str(),
        "startDate": contract.start_date.to_string(),
        "endDate": contract.end_date.map(|d| d.to_string()),
        "rent": contract.rent.major(),
        "paymentPeriod": contract.payment_period.as_str(),
        "deposit": contract.deposit.major(),
        "currency": contract.rent.currency.code(),
    })
}

fn contracts(repo: &mut Repo, command: ContractCommand) -> Result<Report, AdminError> {
    match command {
        ContractCommand::Create {
            company,
            tenant,
            unit,
            start,
            end,
            rent,
            period,
            deposit,
            number,
            status,
        } => {
            let company = find_company(repo, &company.company)?;
            let tenant = find_tenant(repo, company.id, &tenant)?;
            let unit: UnitId = parse_id(&unit, "unit")?;
            if repo.find_unit(company.id, unit)?.is_none() {
                return Err(AdminError::NotFound(format!(
                    "the company has no unit {unit}"
                )));
            }
            let status: ContractStatus = status.parse().map_err(AdminError::Invalid)?;
            if status == ContractStatus::Ended {
                return Err(AdminError::Invalid(
                    "a new contract is ACTIVE or TERMINATING; end it with `contract end`".into(),
                ));
            }
            let id = ContractId::new_random();
            let contract = Contract {
                id,
                company_id: company.id,
                contact_id: tenant.id,
                unit_id: unit,
                contract_number: number
                    .map(|n| n.trim().to_owned())
                    .unwrap_or_else(|| format!("C-{}", &id.to_string()[..8].to_uppercase())),
                status,
                start_date: parse_date(&start, "--start")?,
                end_date: end.map(|e| parse_date(&e, "--end")).transpose()?,
                rent: Money::parse(&rent, company.currency).map_err(invalid)?,
                payment_period: period
                    .parse::<PaymentPeriod>()
                    .map_err(AdminError::Invalid)?,
                deposit: Money::parse(&deposit, company.currency).map_err(invalid)?,
                created_at: now(),
            };
            contract.validate().map_err(invalid)?;
            repo.insert_contract(&contract)?;
            Ok(created(
                format!(
                    "created contract {} for {} ({}, {} {})",
                    contract.contract_number,
                    tenant.details.email.as_str(),
                    contract.status,
                    contract.rent.formatted(),
                    contract.payment_period
                ),
                contract.id.to_string(),
                contract_json(&contract),
            ))
        }
        ContractCommand::End {
            company,
            contract,
            date,
        } => {
            let company = find_company(repo, &company.company)?;
            let id: ContractId = parse_id(&contract, "contract")?;
            let contract = repo
                .find_contract(company.id, id)?
                .ok_or_else(|| AdminError::NotFound(format!("the company has no contract {id}")))?;
            let date = match date {
                Some(date) => parse_date(&date, "--date")?,
                None => Utc::now().date_naive(),
            };
            let ended = contract.end(date).map_err(invalid)?;
            repo.update_contract_status(&ended)?;
            Ok(Report::new(
                vec![format!(
                    "ended contract {} on {date}",
                    ended.contract_number
                )],
                contract_json(&ended),
            ))
        }
        ContractCommand::List { company, tenant } => {
            let company = find_company(repo, &company.company)?;
            let tenant = find_tenant(repo, company.id, &tenant)?;
            let found = repo.contracts_of_tenant(company.id, tenant.id)?;
            let lines = found
                .iter()
                .map(|d| {
                    let c = &d.contract;
                    format!(
                        "{}  {}  {}  {} {}  {} to {}  {} {}",
                        c.id,
                        c.contract_number,
                        c.status,
                        d.property.name,
                        d.unit.unit_number,
                        c.start_date,
                        c.end_date.map_or("-".to_owned(), |e| e.to_string()),
                        c.rent.formatted(),
                        c.payment_period
                    )
                })
                .collect();
            Ok(Report::new(
                lines,
                found.iter().map(|d| contract_json(&d.contract)).collect(),
            ))
        }
    }
}

fn invoice_json(invoice: &Invoice) -> serde_json::Value {
    json!({
        "id": invoice.id.to_string(),
        "transactId": invoice.transact_id,
        "tenantId": invoice.contact_id.to_string(),
        "contractId": invoice.contract_id.map(|c| c.to_string()),
        "transactDate": invoice.transact_date.to_string(),
        "dueDate": invoice.due_date.to_string(),
        "transactionType": invoice.transaction_type.as_str(),
        "gross": invoice.gross().major(),
        "paid": invoice.paid().major(),
        "balance": invoice.balance().major(),
        "currency": invoice.currency.code(),
        "cancelled": invoice.cancelled,
    })
}

fn invoices(repo: &mut Repo, command: InvoiceCommand) -> Result<Report, AdminError> {
    match command {
        InvoiceCommand::Create {
            company,
            tenant,
            contract,
            number,
            amount,
            due,
            date,
            transaction_type,
        } => {
            let company = find_company(repo, &company.company)?;
            let tenant = find_tenant(repo, company.id, &tenant)?;
            let contract = match contract {
                Some(text) => {
                    let id: ContractId = parse_id(&text, "contract")?;
                    let contract = repo.find_contract(company.id, id)?.ok_or_else(|| {
                        AdminError::NotFound(format!("the company has no contract {id}"))
                    })?;
                    if contract.contact_id != tenant.id {
                        return Err(AdminError::Invalid(format!(
                            "contract {} belongs to another tenant",
                            contract.contract_number
                        )));
                    }
                    Some(id)
                }
                None => None,
            };
            let invoice = Invoice {
                id: InvoiceId::new_random(),
                company_id: company.id,
                contact_id: tenant.id,
                contract_id: contract,
                transact_id: number.trim().to_owned(),
                transact_date: match date {
                    Some(date) => parse_date(&date, "--date")?,
                    None => Utc::now().date_naive(),
                },
                due_date: parse_date(&due, "--due")?,
                transaction_type: transaction_type
                    .parse::<TransactionType>()
                    .map_err(AdminError::Invalid)?,
                currency: company.currency,
                gross_minor: Money::parse(&amount, company.currency)
                    .map_err(invalid)?
                    .minor,
                paid_minor: 0,
                cancelled: false,
                created_at: now(),
            };
            invoice.validate().map_err(invalid)?;
            repo.insert_invoice(&invoice)?;
            Ok(created(
                format!(
                    "created invoice {} of {} for {}, due {}",
                    invoice.transact_id,
                    invoice.gross().formatted(),
                    tenant.details.email.as_str(),
                    invoice.due_date
                ),
                invoice.id.to_string(),
                invoice_json(&invoice),
            ))
        }
        InvoiceCommand::List { company, tenant } => {
            let company = find_company(repo, &company.company)?;
            let tenant = tenant
                .map(|t| find_tenant(repo, company.id, &t))
                .transpose()?;
            let found = repo.list_invoices(company.id, tenant.map(|t| t.id))?;
            let lines = found
                .iter()
                .map(|i| {
                    format!(
                        "{}  {}  due {}  {}  paid {}  balance {}{}",
                        i.id,
                        i.transact_id,
                        i.due_date,
                        i.gross().formatted(),
                        i.paid().formatted(),
                        i.balance().formatted(),
                        if i.cancelled { "  cancelled" } else { "" }
                    )
                })
                .collect();
            Ok(Report::new(lines, found.iter().map(invoice_json).collect()))
        }
        InvoiceCommand::Cancel { company, invoice } => {
            let company = find_company(repo, &company.company)?;
            let invoice = find_invoice(repo, company.id, &invoice)?;
            invoice.check_cancel().map_err(invalid)?;
            if !repo.cancel_invoice(company.id, invoice.id)? {
                return Err(AdminError::Invalid(
                    "the invoice changed meanwhile; it was not cancelled".into(),
                ));
            }
            Ok(Report::new(
                vec![format!("cancelled invoice {}", invoice.transact_id)],
                json!({ "id": invoice.id.to_string(), "cancelled": true }),
            ))
        }
    }
}

/// Reads and checks every row, then writes all of them in one transaction, or none.
fn import_regions(repo: &mut Repo, file: &std::path::Path) -> Result<Report, AdminError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .trim(csv::Trim::All)
        .flexible(true)
        .from_path(file)
        .map_err(|e| AdminError::Invalid(format!("cannot read {}: {e}", file.display())))?;
    let mut regions: Vec<Region> = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let line = index + 1;
        let record = record.map_err(|e| AdminError::Invalid(format!("line {line}: {e}")))?;
        let field = |i: usize| record.get(i).unwrap_or("").to_owned();
        if line == 1 && field(0).parse::<i32>().is_err() && field(1).parse::<i32>().is_err() {
            continue; // a header row
        }
        if record.len() < 3 || record.len() > 4 {
            return Err(AdminError::Invalid(format!(
                "line {line}: expected country id, region id, name[, code]"
            )));
        }
        let country: i32 = field(0).parse().map_err(|_| {
            AdminError::Invalid(format!("line {line}: {:?} is not a country id", field(0)))
        })?;
        let id: i32 = field(1).parse().ok().filter(|id| *id > 0).ok_or_else(|| {
            AdminError::Invalid(format!(
                "line {line}: {:?} is not a region id above 0",
                field(1)
            ))
        })?;
        let name = field(2);
        let code = field(3);
        let bad_text =
            |t: &str, max: usize| t.chars().count() > max || t.chars().any(char::is_control);
        if name.is_empty() || bad_text(&name, 100) || bad_text(&code, 20) {
            return Err(AdminError::Invalid(format!(
                "line {line}: the name must be 1 to 100 characters and the code at most 20"
            )));
        }
        if repo.find_country(CountryId(country))?.is_none() {
            return Err(AdminError::Invalid(format!(
                "line {line}: country {country} does not exist"
            )));
        }
        if regions.iter().any(|r| r.id.0 == id) {
            return Err(AdminError::Invalid(format!(
                "line {line}: region {id} appears twice"
            )));
        }
        if repo.find_region(RegionId(id))?.is_some() {
            return Err(AdminError::Invalid(format!(
                "line {line}: region {id} exists already"
            )));
        }
        regions.push(Region {
            id: RegionId(id),
            country_id: CountryId(country),
            name,
            code,
        });
    }
    if regions.is_empty() {
        return Err(AdminError::Invalid(format!(
            "{} holds no regions",
            file.display()
        )));
    }
    repo.transaction(|repo| {
        for region in &regions {
            repo.insert_region(region)?;
        }
        Ok::<_, AdminError>(())
    })?;
    Ok(Report::new(
        vec![format!("imported {} region(s)", regions.len())],
        json!({ "imported": regions.len() }),
    ))
}
