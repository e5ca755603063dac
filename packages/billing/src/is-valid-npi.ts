/**
 * True when `npi` is 10 digits with a valid check digit: the Luhn formula over the
 * card-issuer prefix 80840 followed by the first nine digits (CMS NPI check digit rule).
 */
export function isValidNpi(npi: string): boolean {
  if (!/^[0-9]{10}$/.test(npi)) return false;
  // Prefix 80840 contributes a constant 24 to the Luhn sum.
  let sum = 24;
  for (let i = 0; i < 9; i++) {
    let d = npi.charCodeAt(i) - 48;
    // Double every other digit starting with the rightmost of the nine (positions 0,2,4,6,8).
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  const check = (10 - (sum % 10)) % 10;
  return check === npi.charCodeAt(9) - 48;
}
